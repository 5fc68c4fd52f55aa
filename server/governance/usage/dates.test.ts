import { describe, expect, it } from "vitest";
import { bucketStart, bucketStarts, localDay, nextBucket, startOfLocalDay } from "./dates";

describe("org-local days", () => {
  it("finds the local day of an instant", () => {
    expect(localDay(new Date("2026-03-01T05:00:00Z"), "America/Los_Angeles")).toBe("2026-02-28");
    expect(localDay(new Date("2026-01-31T19:00:00Z"), "Asia/Kolkata")).toBe("2026-02-01");
    expect(localDay(new Date("2026-01-31T18:29:59Z"), "Asia/Kolkata")).toBe("2026-01-31");
  });
  it("finds the UTC start of a local day, across DST", () => {
    expect(startOfLocalDay("2026-02-01", "Asia/Kolkata").toISOString()).toBe("2026-01-31T18:30:00.000Z");
    expect(startOfLocalDay("2026-01-15", "America/Los_Angeles").toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(startOfLocalDay("2026-07-15", "America/Los_Angeles").toISOString()).toBe("2026-07-15T07:00:00.000Z");
    expect(startOfLocalDay("2026-03-09", "America/Los_Angeles").toISOString()).toBe("2026-03-09T07:00:00.000Z");
    expect(startOfLocalDay("2026-05-05", "UTC").toISOString()).toBe("2026-05-05T00:00:00.000Z");
  });
  it("buckets by week (Monday) and month", () => {
    expect(bucketStart("2026-11-26", "week")).toBe("2026-11-23");
    expect(bucketStart("2026-11-23", "week")).toBe("2026-11-23");
    expect(bucketStart("2026-11-26", "month")).toBe("2026-11-01");
    expect(nextBucket("2026-12-01", "month")).toBe("2027-01-01");
    expect(bucketStarts("2026-01-30", "2026-03-02", "month")).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(bucketStarts("2026-11-20", "2026-11-24", "day")).toHaveLength(5);
  });
});
