"""`make smoke`: the production topology started natively, used end to end, broken, restored.

See __main__.py for the run; stack.py starts and stops the processes, journey.py holds the
user-facing steps, faults.py the faults, inventory.py what the restore drill compares.
"""
