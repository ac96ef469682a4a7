// A server-sent events client for benches: one long-lived GET (Node's fetch), the stream decoded as UTF-8
// across chunk boundaries and cut into events; each event is handed over with the performance.now() at which
// the chunk carrying its end was read, before any parsing of its data.
import { performance } from 'node:perf_hooks';

export interface ServerSentEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

export interface EventStream {
  /** Events received so far (comments and keep-alives excluded). */
  readonly received: () => number;
  /** Ends the stream (aborts the request) and waits for the reader to finish. */
  close(): Promise<void>;
}

/**
 * Opens the stream; resolves once the server answered 200 with `text/event-stream`. `onEvent` runs for each
 * event, `onEnd` if the stream ends or fails before close() (with the error, if any).
 */
export async function openEventStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: ServerSentEvent, receivedAt: number) => void,
  onEnd?: (error?: Error) => void,
): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/event-stream')) {
    abort.abort();
    throw new Error(
      `${url}: ${response.status} ${type} ${(await response.text().catch(() => '')).slice(0, 300)}`,
    );
  }
  let closing = false;
  let count = 0;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder('utf-8');
  const pump = (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      if (buffer.includes('\r')) buffer = buffer.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event) {
          count++;
          onEvent(event, at);
        }
      }
    }
  })().then(
    () => {
      if (!closing) onEnd?.();
    },
    (error: Error) => {
      if (!closing) onEnd?.(error);
    },
  );
  return {
    received: () => count,
    async close() {
      closing = true;
      abort.abort();
      await pump;
    },
  };
}

/** One event block (lines up to a blank line); null for comments only (`: keep-alive`) or `retry:`. */
function parseBlock(block: string): ServerSentEvent | null {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  }
  if (!data.length && event === undefined) return null;
  return { id, event, data: data.join('\n') };
}
