//! `kravkat lsp`: a language server over standard input and output, for profiles and the
//! catalogue files they name. One thread handles one message after the other (lsp-server, as
//! rust-analyzer's scaffold): a profile is a few kilobytes and checking it takes milliseconds,
//! so nothing needs to run concurrently.
//!
//! Diagnostics are what `kravkat check` reports, from the editor's text; they are published
//! once the messages waiting have been handled, so a burst of keystrokes is checked once.

use std::panic::{AssertUnwindSafe, catch_unwind};

use anyhow::anyhow;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, Completion, GotoDefinition, HoverRequest, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, CodeActionResponse,
    CompletionList, CompletionOptions, CompletionParams, CompletionResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, HoverProviderCapability, InitializeResult,
    MarkupContent, MarkupKind, OneOf, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use crate::error::Result;

pub mod actions;
pub mod completion;
pub mod context;
pub mod definition;
pub mod diagnostics;
pub mod fields;
pub mod hover;
pub mod text;
pub mod workspace;

use diagnostics::Published;
use workspace::{Document, Workspace};

pub fn run() -> Result<u8> {
    let (connection, io) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io.join().map_err(|e| anyhow!("the editor's connection failed: {e}"))?;
    Ok(0)
}

/// The session on a connection, from `initialize` to `exit`.
pub fn serve(connection: &Connection) -> Result<()> {
    let init = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "kravkat".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let init = serde_json::to_value(init).expect("the capabilities serialise");
    connection
        .initialize_start()
        .and_then(|(id, _params)| connection.initialize_finish(id, init))
        .map_err(|e| anyhow!("the editor did not start a session: {e}"))?;
    let mut server = Server {
        ws: Workspace::new()?,
        published: Published::default(),
        connection,
        stale: false,
    };
    for message in &connection.receiver {
        // Each message is a run of its own for the bound on what a run reads.
        crate::read::new_run();
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| anyhow!("the editor ended the session badly: {e}"))?
                {
                    break;
                }
                let response = server.request(request);
                server.send(response.into());
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
        if server.stale && connection.receiver.is_empty() {
            server.publish();
        }
    }
    Ok(())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        // The whole text on each change: a profile is small, and the text is then always the
        // editor's exactly.
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            // An opening quote, a qualifier's colon, the space after a field's colon.
            trigger_characters: Some(vec!["\"".into(), ":".into(), " ".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// The open document a request is about, and the byte offset of its position.
fn position<'w>(ws: &'w Workspace, at: &TextDocumentPositionParams) -> Option<(&'w Document, usize)> {
    let doc = ws.get(&at.text_document.uri)?;
    Some((doc, doc.text.offset(at.position)))
}

fn on_hover(ws: &Workspace, params: HoverParams) -> Option<Hover> {
    let (doc, offset) = position(ws, &params.text_document_position_params)?;
    let place = context::locate(doc.text.as_str(), offset)?;
    let value = hover::hover(ws, doc, &place)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(doc.text.range(place.span.clone())),
    })
}

fn on_completion(ws: &Workspace, params: CompletionParams) -> Option<CompletionResponse> {
    let (doc, offset) = position(ws, &params.text_document_position)?;
    let (place, replace) = context::typing(doc.text.as_str(), offset)?;
    let items = completion::complete(ws, doc, &place, doc.text.range(replace));
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    }))
}

fn on_definition(ws: &Workspace, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let (doc, offset) = position(ws, &params.text_document_position_params)?;
    let place = context::locate(doc.text.as_str(), offset)?;
    definition::definition(ws, doc, &place).map(GotoDefinitionResponse::Scalar)
}

fn on_code_action(ws: &Workspace, params: CodeActionParams) -> Option<CodeActionResponse> {
    let doc = ws.get(&params.text_document.uri)?;
    let place = context::locate(doc.text.as_str(), doc.text.offset(params.range.start));
    Some(actions::actions(ws, doc, params.range, place.as_ref()))
}

struct Server<'c> {
    ws: Workspace,
    published: Published,
    connection: &'c Connection,
    /// Documents changed since diagnostics were last published.
    stale: bool,
}

impl Server<'_> {
    fn send(&self, message: Message) {
        // The connection is gone only when the editor is; the loop then ends by itself.
        let _ = self.connection.sender.send(message);
    }

    /// Answers a request. A panic is a bug, but it must not end the session the user is
    /// typing in: it becomes an error answer, and the next request is served.
    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        match catch_unwind(AssertUnwindSafe(|| self.dispatch(request))) {
            Ok(response) => response,
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("kravkat lsp failed on `{method}` (a bug; please report it)"),
            ),
        }
    }

    fn dispatch(&mut self, request: Request) -> Response {
        match request.method.as_str() {
            HoverRequest::METHOD => self.answer::<HoverRequest>(request, on_hover),
            Completion::METHOD => self.answer::<Completion>(request, on_completion),
            GotoDefinition::METHOD => self.answer::<GotoDefinition>(request, on_definition),
            CodeActionRequest::METHOD => self.answer::<CodeActionRequest>(request, on_code_action),
            _ => Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("kravkat lsp does not answer `{}`", request.method),
            ),
        }
    }

    /// Reads a request's parameters and answers with what `handle` makes of them.
    fn answer<R: lsp_types::request::Request>(
        &self,
        request: Request,
        handle: impl FnOnce(&Workspace, R::Params) -> R::Result,
    ) -> Response {
        match serde_json::from_value::<R::Params>(request.params) {
            Ok(params) => Response::new_ok(request.id, handle(&self.ws, params)),
            Err(e) => Response::new_err(
                request.id,
                ErrorCode::InvalidParams as i32,
                format!("`{}` with parameters kravkat cannot read: {e}", R::METHOD),
            ),
        }
    }

    fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        if catch_unwind(AssertUnwindSafe(|| self.on_notification(n))).is_err() {
            eprintln!("kravkat lsp: failed on `{method}` (a bug; please report it)");
        }
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD) {
                    let d = p.text_document;
                    self.ws.set(d.uri, d.version, d.text);
                    self.stale = true;
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    let d = p.text_document;
                    self.ws.set(d.uri, d.version, change.text);
                    self.stale = true;
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD) {
                    self.ws.close(&p.text_document.uri);
                    self.stale = true;
                }
            }
            // A catalogue file that is not open may have been saved with the profile.
            DidSaveTextDocument::METHOD => {
                self.ws.touch();
                self.stale = true;
            }
            _ => {}
        }
    }

    fn publish(&mut self) {
        self.stale = false;
        let now = diagnostics::collect(&self.ws);
        for (uri, diagnostics) in self.published.changes(now) {
            let version = self.ws.get(&uri).map(|d| d.version);
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            self.send(Notification::new(PublishDiagnostics::METHOD.into(), params).into());
        }
    }
}
