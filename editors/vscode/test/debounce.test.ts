import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { debounce } from "../src/debounce";

test("runs once, with the last arguments, after the calls stop", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const calls: string[] = [];
    const debounced = debounce((text: string) => calls.push(text), () => 300);
    debounced("a");
    mock.timers.tick(200);
    debounced("ab");
    mock.timers.tick(200);
    debounced("abc");
    assert.deepEqual(calls, []);
    assert.equal(debounced.pending, true);
    mock.timers.tick(299);
    assert.deepEqual(calls, []);
    mock.timers.tick(1);
    assert.deepEqual(calls, ["abc"]);
    assert.equal(debounced.pending, false);
  } finally {
    mock.timers.reset();
  }
});

test("reads the delay at each call, so a changed setting applies at once", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    let wait = 300;
    let count = 0;
    const debounced = debounce(() => count++, () => wait);
    wait = 50;
    debounced();
    mock.timers.tick(50);
    assert.equal(count, 1);
    wait = -10; // a negative setting behaves like 0
    debounced();
    mock.timers.tick(0);
    assert.equal(count, 2);
  } finally {
    mock.timers.reset();
  }
});

test("cancel drops the pending call and flush runs it now", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const calls: number[] = [];
    const debounced = debounce((n: number) => calls.push(n), () => 100);
    debounced(1);
    debounced.cancel();
    mock.timers.tick(1000);
    assert.deepEqual(calls, []);
    debounced(2);
    debounced.flush();
    assert.deepEqual(calls, [2]);
    debounced.flush(); // nothing pending: no second call
    mock.timers.tick(1000);
    assert.deepEqual(calls, [2]);
  } finally {
    mock.timers.reset();
  }
});
