//! The Journey language server. Arrives with issue #4; `journey lsp` says so until then.
