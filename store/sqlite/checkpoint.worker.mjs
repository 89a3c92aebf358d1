// The checkpointer's thread (checkpointer.ts): its own connection to the database file copies
// the WAL back into it every few hundred milliseconds, so the fsync never stalls the event
// loop that serves ingest. Plain JavaScript: it needs nothing but better-sqlite3.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, intervalMs } = workerData;
const db = new Database(path);
db.pragma('busy_timeout = 5000');

function checkpoint() {
  try {
    // PASSIVE: copies what no reader still needs and never waits for the writer or readers.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // Busy (another process checkpoints, or a long transaction): the next tick tries again.
    if (!String(err.code).startsWith('SQLITE_BUSY')) parentPort.postMessage({ error: err.message });
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
