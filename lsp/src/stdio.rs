//! Standard input and output, with a guard for malformed messages.
//!
//! tower-lsp-server stops reading at the first message it cannot decode (a
//! body that is not JSON, or JSON that is not JSON-RPC), which would end the
//! session. So the bytes pass through two threads first:
//!
//! - the *reader* splits stdin into `Content-Length` frames and checks each
//!   body; a good frame goes on to the server, a bad one is answered here
//!   with a JSON-RPC error (`-32700` parse error, `-32600` invalid request)
//!   and the session goes on;
//! - the *writer* is the only code that writes to stdout: whole frames from
//!   the server, and between them the reader's error responses.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::pin::Pin;
use std::sync::mpsc;
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc as async_mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Bodies larger than this are refused (and skipped): a 16 MiB document,
/// the most Journey reads, is at most a few times that once JSON-escaped.
const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// A header line longer than this is junk (real ones are a few dozen bytes).
const MAX_HEADER_LINE: u64 = 8 * 1024;

enum Out {
    /// Bytes the server wrote (whole frames, possibly split across writes).
    Server(Vec<u8>),
    /// One complete frame of our own.
    Own(Vec<u8>),
    Done,
}

/// The server's stdin and stdout, and the threads behind them.
pub struct Stdio {
    pub input: Input,
    pub output: Output,
    out: mpsc::Sender<Out>,
    writer: JoinHandle<()>,
}

impl Stdio {
    pub fn start() -> io::Result<Stdio> {
        let (in_tx, in_rx) = async_mpsc::unbounded_channel();
        let (out_tx, out_rx) = mpsc::channel();
        let writer = std::thread::Builder::new().name("journey-lsp-stdout".into()).spawn(move || write_loop(out_rx))?;
        let errors = out_tx.clone();
        std::thread::Builder::new().name("journey-lsp-stdin".into()).spawn(move || {
            read_loop(
                &mut BufReader::new(io::stdin().lock()),
                |frame| in_tx.send(frame).is_ok(),
                |answer| {
                    let _ = errors.send(Out::Own(answer));
                },
            )
        })?;
        Ok(Stdio { input: Input { rx: in_rx, chunk: Vec::new(), at: 0 }, output: Output { tx: out_tx.clone() }, out: out_tx, writer })
    }

    /// The streams of a session held in memory (for the fuzzer): the server
    /// reads `input` after the same frame guard as stdin, and what it writes,
    /// with the guard's own answers, is returned by `collect`.
    pub fn in_memory(input: &[u8]) -> (Input, Output, impl FnOnce() -> Vec<u8>) {
        let (in_tx, in_rx) = async_mpsc::unbounded_channel();
        let (out_tx, out_rx) = mpsc::channel();
        let mut own = Vec::new();
        read_loop(&mut io::Cursor::new(input), |frame| in_tx.send(frame).is_ok(), |answer| own.extend(answer));
        drop(in_tx); // the end of input once the frames are read
        let collect = move || {
            let mut written: Vec<u8> =
                out_rx.try_iter().filter_map(|m| if let Out::Server(bytes) = m { Some(bytes) } else { None }).flatten().collect();
            written.extend(own);
            written
        };
        (Input { rx: in_rx, chunk: Vec::new(), at: 0 }, Output { tx: out_tx }, collect)
    }

    /// Splits off the streams for the server; [`Finish`] flushes stdout when the server is done.
    pub fn split(self) -> (Input, Output, Finish) {
        (self.input, self.output, Finish { out: self.out, writer: self.writer })
    }
}

/// Flushes what is left for stdout and stops the writer.
pub struct Finish {
    out: mpsc::Sender<Out>,
    writer: JoinHandle<()>,
}

impl Finish {
    pub fn finish(self) {
        let _ = self.out.send(Out::Done);
        let _ = self.writer.join();
    }
}

/// What the server reads: the checked frames.
pub struct Input {
    rx: async_mpsc::UnboundedReceiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
}

impl AsyncRead for Input {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.at >= self.chunk.len() {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(chunk)) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())), // end of input
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(self.chunk.len() - self.at);
        let at = self.at;
        buf.put_slice(&self.chunk[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

/// Where the server writes: handed to the writer thread.
pub struct Output {
    tx: mpsc::Sender<Out>,
}

impl AsyncWrite for Output {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.tx.send(Out::Server(buf.to_vec())) {
            Ok(()) => Poll::Ready(Ok(buf.len())),
            Err(_) => Poll::Ready(Err(io::Error::new(io::ErrorKind::BrokenPipe, "stdout is closed"))),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// `Content-Length: N\r\n\r\n` + body.
pub(crate) fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: serde_json::Value, code: i64, message: String) -> Vec<u8> {
    let body = serde_json::json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    frame(body.to_string().as_bytes())
}

/// Checks a body the way the server will read it; `Err` holds the error frame to answer with.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => return Err(error_frame(serde_json::Value::Null, -32700, format!("Parse error: {error}"))),
    };
    let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned().unwrap_or(serde_json::Value::Null);
    use serde::Deserialize;
    let is_request = Request::deserialize(&value).is_ok();
    // The protocol's own `$/…` requests must be answered with MethodNotFound
    // when unknown (they all are here); tower-lsp-server drops that answer,
    // which leaves the client waiting, so it is given here.
    let method = value.get("method").and_then(serde_json::Value::as_str).unwrap_or_default();
    if is_request && method.starts_with("$/") && value.get("id").is_some() {
        return Err(error_frame(id, -32601, format!("Method not found: {method}")));
    }
    if is_request || Response::deserialize(&value).is_ok() {
        Ok(())
    } else {
        Err(error_frame(id, -32600, "Invalid request: not a JSON-RPC 2.0 request, notification or response".into()))
    }
}

/// Splits `reader` into frames: a good one goes to `forward` (which says
/// whether the server still listens), a bad one gets its error frame
/// through `answer`. Returns at the end of input.
pub(crate) fn read_loop(reader: &mut impl BufRead, mut forward: impl FnMut(Vec<u8>) -> bool, mut answer: impl FnMut(Vec<u8>)) {
    loop {
        let mut content_length: Option<Result<usize, ()>> = None;
        let mut headers = 0;
        loop {
            let mut line = Vec::new();
            // Capped: a "line" of a gigabyte without a line break is not buffered whole.
            match reader.take(MAX_HEADER_LINE).read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return, // end of input: the server sees it and stops
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if headers > 0 {
                    break;
                }
                continue; // blank lines between messages
            }
            headers += 1;
            // Found anywhere on the line, so that junk left by a wrong length
            // before the next header does not lose the next message too.
            if let Some(at) = line.to_ascii_lowercase().rfind("content-length:") {
                content_length = Some(line[at + "content-length:".len()..].trim().parse().map_err(|_| ()));
            }
        }
        let length = match content_length {
            Some(Ok(length)) if length <= MAX_MESSAGE_BYTES => length,
            Some(Ok(length)) => {
                answer(error_frame(serde_json::Value::Null, -32600, format!("message of {length} bytes is too large")));
                if io::copy(&mut reader.take(length as u64), &mut io::sink()).is_err() {
                    return;
                }
                continue;
            }
            _ => {
                answer(error_frame(serde_json::Value::Null, -32700, "Parse error: missing or invalid Content-Length header".into()));
                continue;
            }
        };
        // Read as it comes, not allocated up front: a header may claim
        // 256 MiB and send ten bytes.
        let mut body = Vec::new();
        if reader.take(length as u64).read_to_end(&mut body).is_err() || body.len() < length {
            return;
        }
        match check(&body) {
            Ok(()) => {
                if !forward(frame(&body)) {
                    return; // the server has stopped
                }
            }
            Err(error) => answer(error),
        }
    }
}

/// The length of the first complete frame in `buffer`, if there is one.
fn complete_frame(buffer: &[u8]) -> Option<usize> {
    let header_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let headers = std::str::from_utf8(&buffer[..header_end]).ok()?;
    let length: usize = headers
        .split("\r\n")
        .find_map(|line| line.split_once(':').filter(|(name, _)| name.trim().eq_ignore_ascii_case("content-length")))
        .and_then(|(_, value)| value.trim().parse().ok())?;
    let total = header_end + 4 + length;
    (buffer.len() >= total).then_some(total)
}

fn write_loop(rx: mpsc::Receiver<Out>) {
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    let mut pending: Vec<u8> = Vec::new();
    let mut own: VecDeque<Vec<u8>> = VecDeque::new();
    for message in rx {
        match message {
            Out::Server(bytes) => {
                pending.extend_from_slice(&bytes);
                while let Some(length) = complete_frame(&pending) {
                    if stdout.write_all(&pending[..length]).is_err() {
                        return;
                    }
                    pending.drain(..length);
                }
            }
            Out::Own(frame) => own.push_back(frame),
            Out::Done => break,
        }
        if pending.is_empty() {
            for frame in own.drain(..) {
                if stdout.write_all(&frame).is_err() {
                    return;
                }
            }
        }
        if stdout.flush().is_err() {
            return;
        }
    }
    let _ = stdout.write_all(&pending);
    for frame in own {
        let _ = stdout.write_all(&frame);
    }
    let _ = stdout.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_checked_like_the_server_reads_them() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":3,"result":null}"#).is_ok());
        let parse = check(b"{not json").expect_err("not JSON");
        assert!(String::from_utf8_lossy(&parse).contains("-32700"));
        let invalid = check(br#"{"jsonrpc":"1.0","id":9,"method":"x"}"#).expect_err("wrong version");
        let text = String::from_utf8_lossy(&invalid);
        assert!(text.contains("-32600") && text.contains("\"id\":9"), "{text}");
        assert!(check(b"[1,2]").is_err());
        let unknown = check(br#"{"jsonrpc":"2.0","id":4,"method":"$/unknown","params":{}}"#).expect_err("answered here");
        let text = String::from_utf8_lossy(&unknown);
        assert!(text.contains("-32601") && text.contains("\"id\":4"), "{text}");
        // `$/` notifications may be ignored, and are passed on.
        assert!(check(br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#).is_ok());
    }

    #[test]
    fn frames_are_found_whole() {
        let one = frame(b"{}");
        assert_eq!(complete_frame(&one), Some(one.len()));
        assert_eq!(complete_frame(&one[..one.len() - 1]), None);
        let mut two = one.clone();
        two.extend_from_slice(&frame(b"[]"));
        assert_eq!(complete_frame(&two), Some(one.len()));
    }
}
