"""审核签发 and 上报: a community's secretary signs off a generated version and submits it to the street
office, which accepts it or returns it with comments; the street sets a due date per report and year."""
