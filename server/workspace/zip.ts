import "server-only";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { AppError } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { MAX_WORKSPACE_BYTES, formatBytes } from "./files";
import { openEntry, openRoot } from "./open-inside";
import { guardRepository } from "./git-cli";
import { SKIPPED_FOLDERS, walkTree, workspaceBytes } from "./walk";

const MAX_ZIP_BYTES = 4 * MAX_WORKSPACE_BYTES;
const CHUNK_BYTES = 64 * 1024;

export type ZipOptions = {
  /** Every entry goes under this folder (the project's slug), so unzipping makes one folder. */
  folder?: string;
  /** Include the repository (.git, without hooks) so the download keeps its history. */
  history?: boolean;
};

const WITH_HISTORY = new Set([...SKIPPED_FOLDERS].filter((name) => name !== ".git"));
// Hooks run on the downloader's machine at their next commit; a command may have written some.
const LEFT_OUT = /^\.git\/hooks(\/|$)/;
// Git only recognises a repository whose refs/ and objects/ exist; packed refs can leave them without files.
const REPOSITORY_FOLDERS = [".git/refs/heads/", ".git/refs/tags/", ".git/objects/"];

/**
 * The working tree as a zip stream, without .git (unless asked for) and node_modules (links and
 * special files are left out). Every file is opened through the descriptors of its folders and read
 * only from its own descriptor (see open-inside.ts), so a command that swaps a folder for a link while
 * the zip is made can make a file go missing from it, never bring in one from outside the workspace.
 */
export async function zipWorkspaceStream(root: string, opts: ZipOptions = {}): Promise<ReadableStream<Uint8Array>> {
  if (opts.folder !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(opts.folder)) {
    throw new AppError("BAD_REQUEST", "The zip's folder name may use letters, digits, dots, dashes and underscores.");
  }
  const skipped = opts.history ? WITH_HISTORY : SKIPPED_FOLDERS;
  // The repository's config is put back first: what the download carries is the canonical one.
  if (opts.history) await guardRepository(root);
  // Commands can grow the tree past what writes allow: refuse up front rather than stream for minutes.
  const total = await workspaceBytes(root, undefined, skipped);
  if (total > MAX_ZIP_BYTES) {
    throw new AppError("BAD_REQUEST", `The workspace holds ${formatBytes(total)}, too much to download as one zip.`);
  }
  const chunks = zipChunks(root, opts.folder ? `${opts.folder}/` : "", skipped);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (err) {
        logger.error({ err }, "workspace zip failed while streaming");
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** The whole zip in memory (tests, small workspaces). */
export async function zipWorkspace(root: string, opts: ZipOptions = {}): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = (await zipWorkspaceStream(root, opts)).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return Buffer.concat(parts);
}

async function* zipChunks(root: string, prefix: string, skipped: ReadonlySet<string>): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else ready.push(data);
  });
  const drain = function* () {
    if (failure) throw failure;
    yield* ready.splice(0);
  };

  const top = await openRoot(root);
  try {
    if (!skipped.has(".git")) {
      for (const name of REPOSITORY_FOLDERS) {
        const folder = new ZipPassThrough(prefix + name);
        zip.add(folder);
        folder.push(new Uint8Array(0), true);
      }
    }
    let sent = 0;
    for await (const file of walkTree(top, 0, skipped)) {
      if (LEFT_OUT.test(file.path)) continue;
      const entry = await openEntry(file.folder, file.name, file.path).catch(() => null);
      // Gone, swapped for a link or a folder, or moved since it was listed: left out.
      if (!entry) continue;
      try {
        if (!entry.stat.isFile()) continue;
        const deflate = new ZipDeflate(prefix + file.path, { level: 6 });
        deflate.mtime = entry.stat.mtime;
        zip.add(deflate);
        // Read what the file held when it was opened; a file growing meanwhile is cut at that size.
        const buffer = Buffer.alloc(CHUNK_BYTES);
        for (let offset = 0; offset < entry.stat.size; ) {
          const { bytesRead } = await entry.handle.read(buffer, 0, Math.min(CHUNK_BYTES, entry.stat.size - offset), offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          sent += bytesRead;
          if (sent > MAX_ZIP_BYTES) throw new AppError("BAD_REQUEST", "The workspace grew past what one zip can hold while it was being zipped.");
          deflate.push(buffer.subarray(0, bytesRead).slice(), false);
          yield* drain();
        }
        deflate.push(new Uint8Array(0), true);
      } finally {
        await entry.handle.close();
      }
      yield* drain();
    }
    zip.end();
    yield* drain();
  } finally {
    await top.handle.close();
  }
}
