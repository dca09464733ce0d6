"""Annual reports on government information disclosure (政府信息公开工作年度报告).

This package owns reading a report (saved HTML or pasted plain text) into a typed model of its
three statistics tables (model, reader, tables), checking it (checks), writing the findings
(writers), and importing a report as a draft course (importer). Nothing here imports Textual.
"""
