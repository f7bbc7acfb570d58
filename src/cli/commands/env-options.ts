import { Option } from "commander";

export const nameOption = () => new Option("--name <name>", "environment name (several can run side by side)").default("default");
export const print = (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
