/** Boxes column by column (box-columns.ts): the snapshot's JSON and the checks worker's transfer give back the same boxes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { columnBuffers, columnsToJson, packBoxes, unpackBoxes } from '../src/box-columns.js';
import type { Box } from '../src/model.js';

const FLAGS = ['crowd', 'difficult', 'truncated', 'fromPolygon'] as const;

/** every flag absent / false / true, lines present and absent, fractional and large numbers */
function sample(): Box[] {
  const out: Box[] = [];
  for (let k = 0; k < 81; k++) {
    const b: Box = { image: k % 7, classId: k === 5 ? 2.5 : k * 1000003, x1: 0.1 / (k + 1), y1: -0.25, x2: 1 / 3, y2: 1.0000001, file: `labels/f${k % 3}.txt` };
    if (k % 2) b.line = k + 1;
    let code = k;
    for (const f of FLAGS) {
      const v = code % 3;
      code = Math.floor(code / 3);
      if (v) b[f] = v === 2;
    }
    out.push(b);
  }
  return out;
}

test('box columns: a transfer through a message port gives the boxes back, flags, lines and all', () => {
  const boxes = sample();
  const c = packBoxes(boxes);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(c, columnBuffers(c));
  assert.equal(c.x1.length, 0, 'the columns were transferred, not copied');
  const got = receiveMessageOnPort(port2)?.message;
  port1.close();
  assert.deepEqual(unpackBoxes(got), boxes);
});

test('box columns: the JSON form (a snapshot) reads back the same; damaged columns read as nothing', () => {
  const boxes = sample();
  const json = JSON.parse(JSON.stringify(columnsToJson(packBoxes(boxes))));
  assert.deepEqual(unpackBoxes(json), boxes);
  assert.deepEqual(Object.keys(json), ['image', 'classId', 'x1', 'y1', 'x2', 'y2', 'file', 'files', 'line', 'flags']);
  assert.equal(unpackBoxes({ ...json, x2: json.x2.slice(1) }), undefined);
  assert.equal(unpackBoxes({ ...json, image: 'abc' }), undefined);
  assert.equal(unpackBoxes({ ...json, files: [] }), undefined);
  assert.deepEqual(unpackBoxes(columnsToJson(packBoxes([]))), []);
});
