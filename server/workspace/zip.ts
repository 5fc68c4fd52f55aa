import "server-only";
import { Zip, ZipDeflate } from "fflate";
import { AppError } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { MAX_WORKSPACE_BYTES, formatBytes } from "./files";
import { openEntry, openRoot } from "./open-inside";
import { walkTree, workspaceBytes } from "./walk";

const MAX_ZIP_BYTES = 4 * MAX_WORKSPACE_BYTES;
const CHUNK_BYTES = 64 * 1024;

/**
 * The working tree as a zip stream, without .git and node_modules (links and special files are left
 * out). Every file is opened through the descriptors of its folders and read only from its own
 * descriptor (see open-inside.ts), so a command that swaps a folder for a link while the zip is made
 * can make a file go missing from it, never bring in one from outside the workspace.
 */
export async function zipWorkspaceStream(root: string): Promise<ReadableStream<Uint8Array>> {
  // Commands can grow the tree past what writes allow: refuse up front rather than stream for minutes.
  const total = await workspaceBytes(root);
  if (total > MAX_ZIP_BYTES) {
    throw new AppError("BAD_REQUEST", `The workspace holds ${formatBytes(total)}, too much to download as one zip.`);
  }
  const chunks = zipChunks(root);
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
export async function zipWorkspace(root: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = (await zipWorkspaceStream(root)).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return Buffer.concat(parts);
}

async function* zipChunks(root: string): AsyncGenerator<Uint8Array> {
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
    let sent = 0;
    for await (const file of walkTree(top)) {
      const entry = await openEntry(file.folder, file.name, file.path).catch(() => null);
      // Gone, swapped for a link or a folder, or moved since it was listed: left out.
      if (!entry) continue;
      try {
        if (!entry.stat.isFile()) continue;
        const deflate = new ZipDeflate(file.path, { level: 6 });
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
