// cat: writes the files named by its arguments (absolute paths under the data sets granted to the
// job, e.g. /data/shard/train.csv) to stdout, one after the other. Exit code 0; 74 when a file
// cannot be opened (the errno on stderr), 2 without arguments.
//
//   shoal run cat.wasm --dataset shard --arg /data/shard/train.csv

import { STDOUT, args, fail, writeStdout } from "./lib/wasi";
import { readFile } from "./lib/files";

const argv = args();
if (argv.length < 2) fail("usage: cat <path under /data/<name>>...");
for (let i = 1; i < argv.length; i++) writeStdout(readFile(argv[i]));
