import assert from "node:assert/strict";
import { test } from "node:test";
import { ResolveEnvironment, resolveServerPath } from "../src/serverPath";

function environment(executables: string[], overrides: Partial<ResolveEnvironment> = {}): ResolveEnvironment {
  return {
    workspaceFolders: ["/work/project"],
    env: { PATH: "/usr/local/bin:/usr/bin:/home/me/.cargo/bin" },
    platform: "linux",
    homedir: "/home/me",
    isExecutable: (file) => executables.includes(file),
    ...overrides,
  };
}

test("the default looks `journey` up on PATH, in PATH order", () => {
  const env = environment(["/usr/bin/journey", "/home/me/.cargo/bin/journey"]);
  assert.deepEqual(resolveServerPath(undefined, env), { found: true, path: "/usr/bin/journey" });
  assert.deepEqual(resolveServerPath("", env), { found: true, path: "/usr/bin/journey" });
  assert.deepEqual(resolveServerPath("  journey  ", env), { found: true, path: "/usr/bin/journey" });
});

test("a clear message when `journey` is not on PATH", () => {
  const result = resolveServerPath(undefined, environment([]));
  assert.equal(result.found, false);
  assert.match(!result.found ? result.message : "", /`journey` command was not found on PATH.*journey\.server\.path/);
});

test("an absolute path is used as it is, and reported when missing", () => {
  const env = environment(["/opt/journey/bin/journey"]);
  assert.deepEqual(resolveServerPath("/opt/journey/bin/journey", env), { found: true, path: "/opt/journey/bin/journey" });
  const missing = resolveServerPath("/opt/other/journey", env);
  assert.equal(missing.found, false);
  assert.match(!missing.found ? missing.message : "", /\/opt\/other\/journey.*journey\.server\.path/);
});

test("relative paths resolve against the workspace folders; ~ and ${workspaceFolder} expand", () => {
  const env = environment(["/work/project/target/release/journey", "/home/me/bin/journey"], {
    workspaceFolders: ["/work/other", "/work/project"],
  });
  assert.deepEqual(resolveServerPath("target/release/journey", env), { found: true, path: "/work/project/target/release/journey" });
  assert.deepEqual(resolveServerPath("./target/release/journey", env), { found: true, path: "/work/project/target/release/journey" });
  assert.deepEqual(resolveServerPath("~/bin/journey", env), { found: true, path: "/home/me/bin/journey" });
  const first = environment(["/work/project/target/release/journey"]);
  assert.deepEqual(resolveServerPath("${workspaceFolder}/target/release/journey", first), {
    found: true,
    path: "/work/project/target/release/journey",
  });
  const noFolder = resolveServerPath("target/journey", environment([], { workspaceFolders: [] }));
  assert.equal(noFolder.found, false);
});

test("a custom name is looked up on PATH too", () => {
  const env = environment(["/usr/local/bin/journey-nightly"]);
  assert.deepEqual(resolveServerPath("journey-nightly", env), { found: true, path: "/usr/local/bin/journey-nightly" });
});

test("on Windows, PATH uses `;` and PATHEXT extensions are tried", () => {
  const env = environment(["C:\\tools\\journey.exe"], {
    platform: "win32",
    env: { Path: "C:\\Windows;C:\\tools", PATHEXT: ".COM;.EXE;.BAT" },
    workspaceFolders: ["C:\\work"],
    homedir: "C:\\Users\\me",
  });
  assert.deepEqual(resolveServerPath(undefined, env), { found: true, path: "C:\\tools\\journey.exe" });
  assert.deepEqual(resolveServerPath("C:\\tools\\journey", env), { found: true, path: "C:\\tools\\journey.exe" });
});
