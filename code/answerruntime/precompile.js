// node precompile.js PYODIDE_DIR FOLDER WHEEL...: in Pyodide's own Python, compile each wheel in FOLDER to
// bytecode and write FOLDER/compiled/WHEEL with the .pyc in place of the .py and without the test suites.
// The browser then imports without compiling (the slow part of the first check) and loads fewer bytes.
const path = require("path");
const [pyodideDir, folder, ...wheels] = process.argv.slice(2);
const { loadPyodide } = require(path.resolve(pyodideDir, "pyodide.js"));

(async () => {
  const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
  pyodide.FS.mkdirTree("/wheels");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(folder) }, "/wheels");
  pyodide.globals.set("wheels", pyodide.toPy(wheels));
  pyodide.runPython(`
import compileall, os, zipfile

LEFT_OUT = {"tests", "benchmarks"}  # folders the checker never imports

os.makedirs("/wheels/compiled", exist_ok=True)
for name in wheels:
    tree = f"/tmp/{name}"
    with zipfile.ZipFile(f"/wheels/{name}") as wheel:
        wheel.extractall(tree, [m for m in wheel.namelist() if not LEFT_OUT & set(m.split("/")[:-1])])
    if not compileall.compile_dir(tree, quiet=1, legacy=True):
        raise SystemExit(f"{name}: a module did not compile")
    with zipfile.ZipFile(f"/wheels/compiled/{name}", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for parent, _, files in sorted(os.walk(tree)):
            for file in sorted(files):
                full = os.path.join(parent, file)
                if not (file.endswith(".py") and os.path.exists(full + "c")):
                    out.write(full, os.path.relpath(full, tree))
`);
})().catch((error) => { console.error(error.message || error); process.exit(1); });
