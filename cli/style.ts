import { readEnv } from "./env";

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
const noColor = readEnv().noColor;

function colour(code: number) {
  return (text: string, stream: NodeJS.WriteStream = process.stderr) =>
    stream.isTTY && !noColor ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export const red = colour(31);
export const bold = colour(1);
export const dim = colour(2);
