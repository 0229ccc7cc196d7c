export * from "./diagnostic";
export * from "./kvm-stat";
export * from "./duration";
