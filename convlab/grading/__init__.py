"""Auto-grading: scoring corpora, a sandbox for submission files, Gradescope results.

    from convlab.grading import grade_file, results_json, write_results
    write_results(results_json(grade_file("alice.py", "conv1d")), "results.json")

`grade_function` grades a function in this process (what `convlab.check` uses in notebooks);
`grade_file` runs a submission file in a child process with time, CPU and memory limits
(`Policy`); `batch.grade_paths` grades many files in parallel and writes one results.json
each (what `convlab grade DIR` runs); `class_report` writes what a whole class got right and
wrong as one HTML page or a Markdown summary.
"""

from convlab.grading.corpus import GradedTest, corpus
from convlab.grading.grader import GradeReport, grade_file, grade_function
from convlab.grading.policy import Policy
from convlab.grading.report import class_report
from convlab.grading.results import RESULTS_SCHEMA, results_json, write_results

__all__ = ["GradeReport", "GradedTest", "Policy", "RESULTS_SCHEMA", "class_report", "corpus",
           "grade_file", "grade_function", "results_json", "write_results"]
