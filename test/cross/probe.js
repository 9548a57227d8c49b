// Runs inside an installed hogvec on another platform (arm64 Node.js under
// qemu-user, node.exe under wine), driven by test/cross/cross.ts: it does the
// tasks in the input file and writes what it found to the output file (a
// file, not stdout: node.exe under wine cannot write to a pipe). Plain
// CommonJS, so the target's Node.js runs it with nothing compiled.
//
//   node probe.js input.json output.json

const fs = require('node:fs');
const path = require('node:path');

const [inputFile, outputFile] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
const output = { platform: process.platform, arch: process.arch, node: process.version, trained: {}, read: {} };
const write = () => fs.writeFileSync(outputFile, JSON.stringify(output));

let hogvec;
try {
  hogvec = require('hogvec');
  output.info = hogvec.simdInfo();
} catch (err) {
  output.loadError = { name: err.name, message: err.message };
  write();
  process.exit(0);
}
// The test hook kernelCheck is on the binding itself, which node-gyp-build
// loads from the installed package exactly as hogvec does.
const binding = require('node-gyp-build')(path.dirname(require.resolve('hogvec/package.json')));
output.addon = Object.keys(require.cache)
  .filter((f) => f.endsWith('.node'))
  .map((f) => path.relative(process.cwd(), f));

const floats = (typed) => Array.from(typed);

function kernels(paths) {
  const out = {};
  for (const p of paths) {
    out[p] = input.cases.map((c) => {
      const r = binding.kernelCheck(p, new Float32Array(c.x), new Float32Array(c.y), c.a);
      return {
        path: r.path,
        dot: r.dot,
        axpy: floats(r.axpy),
        scal: floats(r.scal),
        addRows: floats(r.addRows),
        axpyRows: floats(r.axpyRows),
      };
    });
  }
  return out;
}

function describeModel(model) {
  return {
    words: model.vocabulary.words,
    counts: floats(model.vocabulary.counts),
    input: floats(model.wordVectors.vectors),
    output: floats(model.outputVectors),
    epochLosses: model.epochLosses,
  };
}

async function train(task) {
  const run = hogvec.train(task.options);
  const model = await run;
  const result = describeModel(model);
  if (task.save) {
    await model.wordVectors.save(task.save.binary, { format: 'binary' });
    await model.wordVectors.save(task.save.text, { format: 'text' });
    await model.save(task.save.checkpoint);
  }
  if (task.similarity) result.similarity = task.similarity.map(([a, b]) => model.wordVectors.similarity(a, b));
  return result;
}

async function read(task) {
  const binary = await hogvec.loadVectors(task.binary);
  const text = await hogvec.loadVectors(task.text);
  const model = await hogvec.Word2Vec.load(task.checkpoint);
  return {
    binary: { words: binary.words, vectors: floats(binary.vectors) },
    text: { words: text.words, vectors: floats(text.vectors) },
    checkpoint: describeModel(model),
  };
}

(async () => {
  for (const task of input.tasks) {
    if (task.kind === 'kernels')
      output.kernels = kernels(task.paths === 'supported' ? output.info.supported : ['active']);
    else if (task.kind === 'gradientCheck') {
      const report = hogvec.gradientCheck();
      output.gradientCheck = {
        passed: report.passed,
        cases: report.cases.length,
        failed: report.cases.filter((c) => !c.passed).length,
      };
    } else if (task.kind === 'train') output.trained[task.name] = await train(task);
    else if (task.kind === 'read') output.read[task.name] = await read(task);
    else throw new Error(`unknown task ${task.kind}`);
  }
  write();
})().catch((err) => {
  output.error = String(err?.stack ? err.stack : err);
  write();
  process.exit(1);
});
