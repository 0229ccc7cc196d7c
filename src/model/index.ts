export * from "./diagnostic";
export * from "./kvm-stat";
