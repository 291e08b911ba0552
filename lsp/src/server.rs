//! The `LanguageServer` implementation: wiring only. Each request gets the
//! latest analysis, turns the protocol position into a byte offset, and
//! calls its handler inside a panic guard.

use crate::analysis::Analysis;
use crate::convert::LineIndex;
use crate::engine::{lock, panic_message, Engine};
use crate::handlers::{self, render};
use journey_compiler::source::FileId;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// The LSP error code for a request that is valid but could not be done.
const REQUEST_FAILED: i64 = -32803;

#[derive(Debug)]
pub struct Server {
    engine: Arc<Engine>,
    /// Set by `shutdown`: the exit status tells whether it came before `exit`.
    shut_down: Arc<AtomicBool>,
}

/// A request that failed for a reason the user should read.
fn failed(message: impl Into<String>) -> Error {
    Error { code: ErrorCode::ServerError(REQUEST_FAILED), message: message.into().into(), data: None }
}

/// Runs a handler; a panic becomes an internal error (and a line on stderr)
/// instead of the end of the session.
fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => {
            log!("{what} panicked: {}", panic_message(panic.as_ref()));
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("internal error in {what}; see the server log").into(),
                data: None,
            })
        }
    }
}

/// The byte offset of a position, or an error when it is past the end of the file.
fn offset(analysis: &Analysis, file: FileId, position: Position) -> Result<usize> {
    LineIndex::of(analysis.source(file))
        .offset(position)
        .ok_or_else(|| Error::invalid_params(format!("position {}:{} is past the end of the document", position.line, position.character)))
}

impl Server {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>) -> Server {
        Server { engine: Arc::new(Engine::new(client)), shut_down }
    }

    /// Runs `f` on the latest analysis of a document the server knows
    /// (open, or part of the workspace on disk).
    async fn with_file<T>(&self, what: &str, uri: &Uri, f: impl FnOnce(&Analysis, FileId) -> Result<T>) -> Result<T> {
        let snapshot = self.engine.fresh().await?;
        let Some((analysis, file)) = snapshot.locate(uri) else {
            return Err(Error::invalid_params(format!("unknown document `{}`: open it first", uri.as_str())));
        };
        guard(what, || f(analysis, file))
    }

    /// Like [`Server::with_file`], at a position.
    async fn at<T>(&self, what: &str, at: &TextDocumentPositionParams, f: impl FnOnce(&Analysis, FileId, usize) -> Result<T>) -> Result<T> {
        self.with_file(what, &at.text_document.uri, |analysis, file| {
            let offset = offset(analysis, file, at.position)?;
            f(analysis, file, offset)
        })
        .await
    }

    /// Runs a notification's state change in a panic guard, then schedules a check.
    fn change(&self, what: &str, f: impl FnOnce(&mut crate::state::State)) {
        let result = catch_unwind(AssertUnwindSafe(|| f(&mut lock(&self.engine.state))));
        if let Err(panic) = result {
            log!("{what} panicked: {}", panic_message(panic.as_ref()));
        }
        self.engine.changed();
    }

    /// `journey/render`: the SVG of a document's build, from the latest compilation.
    pub async fn render(&self, params: render::RenderParams) -> Result<render::RenderResult> {
        self.with_file("journey/render", &params.uri, |analysis, file| {
            let svg = render::svg(analysis, file, params.theme).map_err(failed)?;
            Ok(render::RenderResult { svg, version: analysis.version(file) })
        })
        .await
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        #[allow(deprecated)] // `root_uri` is the fallback for clients without workspace folders
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.clone())
            .or_else(|| params.root_uri.clone());
        let line_folding_only = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.folding_range.as_ref())
            .and_then(|f| f.line_folding_only)
            .unwrap_or(false);
        {
            let mut state = lock(&self.engine.state);
            state.root = root.as_ref().map(crate::state::uri_to_path).filter(|path| path.is_absolute());
            state.line_folding_only = line_folding_only;
        }
        let capabilities = ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![" ".into(), ",".into()]),
                ..CompletionOptions::default()
            }),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                legend: handlers::semantic_tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        };
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo { name: "journey-lsp".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.change("initialized", |state| state.rediscover());
        // Hear about files changed on disk by other programs, if the client can tell.
        let client = self.engine.client.clone();
        tokio::spawn(async move {
            let watchers = serde_json::json!({ "watchers": [{ "globPattern": "**/*.journey" }, { "globPattern": "**/journey.toml" }] });
            let registration = Registration {
                id: "journey-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(watchers),
            };
            if let Err(error) = client.register_capability(vec![registration]).await {
                log!("the client does not watch files for us ({error}); changes on disk are read on save");
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        self.change("didOpen", |state| state.open(document.uri, document.text, document.version));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        self.change("didChange", |state| {
            if !state.change(&uri, params.text_document.version, params.content_changes) {
                log!("didChange for `{}`, which is not open; ignored", uri.as_str());
            }
        });
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        // Saving may have created a file that others `use`: look again.
        self.change("didSave", |state| state.rediscover());
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.change("didClose", |state| state.close(&params.text_document.uri));
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.change("didChangeWatchedFiles", |state| state.rediscover());
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.at("hover", &params.text_document_position_params, |a, file, offset| Ok(handlers::hover::hover(a, file, offset))).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        self.at("definition", &params.text_document_position_params, |a, file, offset| {
            Ok(handlers::definition::definition(a, file, offset))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let include = params.context.include_declaration;
        self.at("references", &params.text_document_position, |a, file, offset| {
            Ok(handlers::references::references(a, file, offset, include))
        })
        .await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        self.at("prepareRename", &params, |a, file, offset| handlers::rename::prepare(a, file, offset).map(Some).map_err(failed)).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let new_name = params.new_name;
        self.at("rename", &params.text_document_position, |a, file, offset| {
            handlers::rename::rename(a, file, offset, &new_name).map(Some).map_err(failed)
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.at("completion", &params.text_document_position, |a, file, offset| {
            Ok(Some(CompletionResponse::Array(handlers::completion::completion(a, file, offset))))
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.with_file("documentSymbol", &params.text_document.uri, |a, file| {
            Ok(Some(DocumentSymbolResponse::Nested(handlers::symbols::document_symbols(a, file))))
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let snapshot = self.engine.fresh().await?;
        guard("workspace/symbol", || {
            Ok(Some(WorkspaceSymbolResponse::Nested(handlers::symbols::workspace_symbols(&snapshot, &params.query))))
        })
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let line_folding_only = lock(&self.engine.state).line_folding_only;
        self.with_file("foldingRange", &params.text_document.uri, |a, file| {
            Ok(Some(handlers::folding::folding_ranges(a, file, line_folding_only)))
        })
        .await
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.with_file("semanticTokens", &params.text_document.uri, |a, file| {
            let data = handlers::semantic_tokens::semantic_tokens(a, file);
            Ok(Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data })))
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.with_file("formatting", &params.text_document.uri, |a, file| {
            handlers::formatting::format(&a.source(file).text).map(Some).map_err(failed)
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.with_file("codeAction", &params.text_document.uri, |a, file| {
            let span = LineIndex::of(a.source(file))
                .span(params.range)
                .ok_or_else(|| Error::invalid_params("the range is past the end of the document"))?;
            Ok(Some(handlers::code_actions::code_actions(a, file, span)))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_handler_becomes_an_internal_error() {
        let result: Result<()> = guard("test handler", || panic!("boom"));
        let error = result.expect_err("the panic is caught");
        assert_eq!(error.code, ErrorCode::InternalError);
        assert!(error.message.contains("test handler"));
        assert_eq!(guard("fine", || Ok(7)).expect("no panic"), 7);
    }
}
