"""The desk tools (办公桌工具): working-day calendar, reply deadlines, information processing fees.

UI-free: the CLI (`govtui deadline`, `govtui fee`) and the TUI screens only show what these return.
"""
