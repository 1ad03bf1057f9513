// The text `vlmc --help` prints: every command with its options, and the exit codes.
export const USAGE = `vlmc — a compiler for vision-language model specs (.vlm)

Usage:
  vlmc check FILE... [--variant V | --all-variants] [-D name=value]... [--strict] [--json]
      Parse, elaborate and check specs; report every error with its location.
  vlmc summary FILE [--variant V] [--depth N] [--stage S] [--dim T=40] [-D name=value]... [--json]
      Module tree with output shapes, parameters (shared ones counted once), FLOPs,
      trainable parameters per stage and parameter groups.
  vlmc ir FILE [--variant V] [-D name=value]... [--json]
      The typed IR, one line per node; --json writes it losslessly (versioned JSON that
      vlmc ir and vlmc run load back). FILE may be a spec or a saved IR (.json).
  vlmc run FILE|IR.json [--variant V] [--batch B] [--weights W.safetensors [--map M]] [--inputs I.safetensors]
           [--save-outputs O.safetensors] [--mode train|eval] [--seed S] [--backend tensorflow|wasm|cpu|onnx] [--threads N]
           [--outputs a,b] [--objectives a,b] [--dim T=40] [--json]
      Run the model on TensorFlow.js: synthetic inputs unless --inputs; random weights from the
      spec's initialisers unless --weights; prints each named value's shape and statistics and
      each objective's loss.
  vlmc compile FILE --out DIR [--target ts|js|pytorch] [--variant V] [--runtime-import M]
  vlmc compile FILE|IR.json --target onnx --out DIR [--variant V] [--outputs a,b] [--objectives a,b]
           [--mode INSTANCE[.MODE][@K]] [--opset N] [--weights W [--map M]] [--seed S] [--json]
      Emit the model for another engine: DIR/model.onnx (weights as initializers named as the
      spec's parameters; DIR/model.onnx.data beside it past 1.5 GB). Nothing is written on errors.
  vlmc train FILE --steps N [--variant V] [--stage S] [--batch B] [--data synthetic|synthetic:fixed|DIR]
           [--out DIR] [--resume] [--seed S] [--optimizer adamw|sgd] [--lr X] [--min-lr X] [--warmup N]
           [--schedule cosine|linear|constant] [--weight-decay X] [--clip-grad X] [--accumulate K]
           [--eval-every K] [--checkpoint-every K] [--log-scale] [--weights W [--map M]] [--json]
      Train the model's objectives (or a stage's); writes checkpoint.safetensors, log.csv and
      loss.svg into --out as it runs; --resume continues a stopped run exactly.
  vlmc diff A B [--format text|md|html|json] [--only params,shapes,sharing,objectives,stages]
           [--depth N] [--exit-code] [--variant V] [-D name=value]... [--dim B=8]
      What changes from model A to model B: hyperparameters, modules (renames recognised by
      structure), parameters and FLOPs, shapes, sharing and tying, momentum copies and queues,
      objectives, stages, published claims. A and B are spec files, FILE#VARIANT, or
      REV:PATH[#VARIANT] read from git (e.g. HEAD~1:specs/models/blip.vlm).
  vlmc fmt FILE|DIR... [--check] [--json]
      Format specs canonically (comments kept), rewriting only files that change; a folder
      means every .vlm file under it. --check writes nothing and lists unformatted files (exit 1).
  vlmc data pack --images DIR --captions FILE.jsonl --tokenizer wordpiece:vocab.txt|bpe:DIR|json:FILE
           --image-size N --out DIR [--resize bicubic|bilinear] [--crop center|none] [--max-tokens L]
           [--shard-size S] [--threads N] [--json]
      Decode, resize and tokenize an image-caption set into sharded safetensors for --data.
  vlmc data inspect DIR [SPEC [--variant V] [-D name=value]... [--batch B] [--seed S]] [--json]
      What a pack holds; with a spec, the first batch it gives that model.

Options:
  --variant V       use a named variant of the model's hyperparameters
  --all-variants    check the default configuration and every variant
  -D name=value     override a hyperparameter (repeatable)
  --model M         pick a model when a file declares several
  --depth N         summary, diff: show instances down to depth N (default 3)
  --stage S         summary: count trainable parameters for training stage S
  --dim NAME=N      summary, diff: bind an input dimension for FLOPs (B defaults to 1);
                    run: fix a dimension the inputs do not determine
  --batch B         run: batch size (default 2)
  --weights W       run: a safetensors checkpoint; --map M reads one from elsewhere through a
                    weight map (a file, or a shipped map: clip-openai, clip-open_clip, blip)
  --inputs I        run: model inputs from a safetensors file (names = the spec's inputs)
  --save-outputs O  run: write the named values and losses to a safetensors file
  --mode M          run: eval (default; dropout off) or train;
                    compile: one forward mode of one instance (encoder.vision) instead of named values
  --seed S          run: seed of the initialisers, synthetic inputs and random ops (default 0)
  --backend B       run: tensorflow, wasm or cpu (default: the first that starts), or onnx
                    (ONNX Runtime through the graph compile emits; eval only)
  --threads N       run: WASM (or ONNX Runtime) threads (default: the machine's cores)
  --target T        compile: ts (default: a TypeScript module), js (JavaScript + .d.ts),
                    pytorch (a Python package with train.py for torchrun), onnx
  --opset N         compile: ONNX opset, 17 to 25 (default 23: fused attention, LayerNorm, GELU)
  --outputs a,b     run, compile: only these named values (no objectives unless --objectives)
  --objectives a,b  run: only these objectives; compile: add these losses as outputs (loss.NAME)
  --format F        diff: text (default), md (for a pull request), html (one file), json
  --only a,b        diff: report only these sections
  --exit-code       diff: exit 1 when the models differ
  --check           fmt: list files that are not formatted, change nothing
  --json            machine-readable output
  --strict          check: warnings fail too (exit 1)
Exit codes: 0 ok, 1 errors in a spec (diff --exit-code: or the models differ), 2 usage or I/O error.`;
