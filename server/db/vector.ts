import "server-only";
import { db, type Db, type Tx } from "./index";

// The one module that speaks pgvector SQL. Prisma sees MemoryItem.embedding as Unsupported, so
// reads and writes go through raw queries; vectors travel as text ('[0.1,0.2,…]') cast to vector.
export const EMBEDDING_DIMENSIONS = 384;

export type MemoryMatch = {
  id: string;
  projectId: string | null;
  kind: string;
  content: string;
  createdAt: Date;
  /** Cosine similarity in [-1, 1]; 1 means the same direction. */
  similarity: number;
};

function toVectorLiteral(vector: number[]): string {
  if (vector.length !== EMBEDDING_DIMENSIONS) {
    throw new Error(`An embedding must have ${EMBEDDING_DIMENSIONS} dimensions, got ${vector.length}.`);
  }
  if (!vector.every(Number.isFinite)) throw new Error("An embedding must contain only finite numbers.");
  return `[${vector.join(",")}]`;
}

/** Sets (or replaces) the embedding of an existing MemoryItem. Pass `tx` to write inside a transaction. */
export async function upsertMemoryEmbedding(id: string, vector: number[], client: Db | Tx = db): Promise<void> {
  const literal = toVectorLiteral(vector);
  const updated = await client.$executeRaw`
    UPDATE "MemoryItem" SET "embedding" = ${literal}::vector WHERE "id" = ${id}`;
  if (updated === 0) throw new Error(`MemoryItem ${id} does not exist.`);
}

/** The org's memory items nearest to `vector` by cosine distance (HNSW index), best first. */
export async function searchMemory(orgId: string, vector: number[], limit = 10): Promise<MemoryMatch[]> {
  const literal = toVectorLiteral(vector);
  const take = Math.min(Math.max(Math.trunc(limit), 1), 100);
  return db.$queryRaw<MemoryMatch[]>`
    SELECT "id", "projectId", "kind", "content", "createdAt",
           1 - ("embedding" <=> ${literal}::vector) AS "similarity"
    FROM "MemoryItem"
    WHERE "orgId" = ${orgId} AND "embedding" IS NOT NULL
    ORDER BY "embedding" <=> ${literal}::vector
    LIMIT ${take}`;
}
