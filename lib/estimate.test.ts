import { describe, expect, it } from "vitest";
import { formatDuration, formatEstimate, OFFLINE_TASK_MINUTES } from "./estimate";

describe("formatEstimate", () => {
  it("labels the offline demo model's estimate, in seconds", () => {
    expect(formatEstimate(OFFLINE_TASK_MINUTES * 5, true)).toBe("offline demo: about 20 seconds");
    expect(formatEstimate(0, true)).toBe("offline demo: about 5 seconds");
  });
  it("reads real models' estimates in minutes and hours", () => {
    expect(formatEstimate(30, false)).toBe("about 30 minutes");
    expect(formatDuration(1)).toBe("about 1 minute");
    expect(formatDuration(80)).toBe("about 1 h 20 min");
    expect(formatDuration(120)).toBe("about 2 h");
  });
});
