"""The command-line layer of workforce: parse options, call `workforce`, render the result."""
