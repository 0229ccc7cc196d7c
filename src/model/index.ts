export * from "./diagnostic";
export * from "./kvm-stat";
export * from "./duration";
export * from "./display-width";
