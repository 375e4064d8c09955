"""The HogQL console's pieces without Textual: the query history file and result rows in slices."""
