"""Official documents out of the data (issue 5): the 汇总表 table, its xlsx and file names.

Pure core: the web app renders pages and PDFs from the same ``SummaryTable``.
"""
