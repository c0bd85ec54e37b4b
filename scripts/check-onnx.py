#!/usr/bin/python3
"""Checks exported ONNX files with the reference checker (full check: types and shapes inferred too).

Usage: /usr/bin/python3 scripts/check-onnx.py FILE.onnx [FILE.onnx ...]
Needs the onnx package (Debian: python3-onnx). Not used by the tests: a developer's second opinion.
Exits 1 when any file fails.
"""
import sys

import onnx


def describe(model: onnx.ModelProto) -> str:
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    ops = sorted({f"{n.domain + '.' if n.domain else ''}{n.op_type}" for n in model.graph.node})
    meta = ", ".join(p.key for p in model.metadata_props)
    return f"IR {model.ir_version}; opsets {opsets}; ops {' '.join(ops)}; metadata [{meta}]"


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        try:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            print(f"ok    {path}: {describe(model)}")
        except Exception as error:  # the checker raises several kinds; each is reported, none hidden
            failed += 1
            print(f"FAIL  {path}: {type(error).__name__}: {str(error).strip()}")
    print(f"checked {len(paths)} file(s): {len(paths) - failed} ok, {failed} failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
