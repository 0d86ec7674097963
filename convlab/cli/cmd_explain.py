"""`convlab explain` and `convlab shapes`: the output-length formula and the shape doctor."""

from __future__ import annotations

import argparse

from convlab.errors import ConvlabError
from convlab.shapes import explain_shapes
from convlab.spec import ConvSpec


def _padding(text: str):
    """'same' stays a word; '2' becomes 2; '1,2' becomes (1, 2)."""
    if "," in text:
        left, right = text.split(",", 1)
        return (int(left), int(right))
    return int(text) if text.lstrip("-").isdigit() else text


def _shape(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip("()[] ").split(",") if part.strip())


def register(subparsers) -> None:
    explain = subparsers.add_parser(
        "explain", help="the output-length formula with your numbers; or solve for L_out",
        description="Explain the output length of a Conv1D, or list the (kernel, stride, "
                    "padding) choices that turn --length inputs into --outputs outputs.")
    explain.add_argument("--length", "-L", type=int, required=True, help="input length L")
    explain.add_argument("--kernel", "-K", type=int, help="kernel size K")
    explain.add_argument("--stride", "-s", type=int, default=1)
    explain.add_argument("--padding", "-p", type=_padding, default="valid",
                         help="valid, same, causal, full, an int, or LEFT,RIGHT")
    explain.add_argument("--dilation", "-d", type=int, default=1)
    explain.add_argument("--outputs", type=int,
                         help="solve: list the choices giving this many outputs")
    explain.add_argument("--limit", type=int, default=15, help="how many solutions to show")
    explain.add_argument("--max-kernel", type=int, help="solve: largest kernel size tried")
    explain.add_argument("--max-stride", type=int, help="solve: largest stride tried")
    explain.add_argument("--max-padding", type=int, help="solve: largest padding tried")
    explain.set_defaults(run=_run_explain)

    shapes = subparsers.add_parser(
        "shapes", help="the shape doctor: what each axis means and what comes out",
        description="Explain x's axes and the output shape, or why the shapes cannot work.")
    shapes.add_argument("x_shape", type=_shape, help="x's shape, e.g. 16070,1,45")
    shapes.add_argument("kernel", help="kernel size K, or w's full shape, e.g. 10 or 16,3,5")
    shapes.add_argument("--layout", default="NCL", help="NCL (PyTorch) or NLC (Keras)")
    shapes.add_argument("--stride", "-s", type=int, default=1)
    shapes.add_argument("--padding", "-p", type=_padding, default="valid")
    shapes.add_argument("--dilation", "-d", type=int, default=1)
    shapes.add_argument("--groups", "-g", type=int, default=1)
    shapes.set_defaults(run=_run_shapes)


def _run_explain(args: argparse.Namespace) -> int:
    if args.outputs is not None:
        try:
            found = ConvSpec.solve(args.length, args.outputs, max_kernel_size=args.max_kernel,
                                   max_stride=args.max_stride, max_padding=args.max_padding)
        except ConvlabError as error:
            # name the flags typed here, not the keywords of ConvSpec.solve
            message = str(error)
            for keyword, flag in (("max_kernel_size=", "--max-kernel"),
                                  ("max_stride=", "--max-stride"),
                                  ("max_padding=", "--max-padding"),
                                  ("input_length=", "--length "),
                                  ("'input_length'", "--length"),
                                  ("'output_length'", "--outputs")):
                message = message.replace(keyword, flag)
            raise type(error)(message, getattr(error, "parameter", None)) from None
        print(f"{len(found)} ways to turn {args.length} inputs into {args.outputs} outputs "
              f"(padding p on each side; simplest first):")
        for spec in found[: args.limit]:
            print(f"  kernel {spec.kernel_size:>3}  stride {spec.stride:>3}  padding "
                  f"{spec.padding:>3}   floor(({args.length} + 2*{spec.padding} - "
                  f"{spec.kernel_size}) / {spec.stride}) + 1 = {args.outputs}")
        return 0
    if args.kernel is None:
        raise SystemExit("convlab explain: give --kernel (or --outputs to solve)")
    print(ConvSpec(args.kernel, args.stride, args.padding, args.dilation).explain(args.length))
    return 0


def _run_shapes(args: argparse.Namespace) -> int:
    kernel = _shape(args.kernel)
    report = explain_shapes(args.x_shape, kernel[0] if len(kernel) == 1 else kernel,
                            layout=args.layout, stride=args.stride, padding=args.padding,
                            dilation=args.dilation, groups=args.groups)
    print(report)
    return 0 if report.ok else 1
