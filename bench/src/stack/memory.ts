import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now (VmRSS), MB. */
  rssMb: number;
  /** The highest RSS so far (VmHWM), MB. */
  peakRssMb: number;
  /**
   * Its own share of the RSS (RssAnon), MB: without the file-backed pages (~55 MB for a service,
   * mostly the node binary's code), which every Node process on the host shares.
   */
  anonMb: number;
  /**
   * The file-backed share (RssFile), MB: pages of the node binary (and shared libraries) that this
   * process has mapped. Counted in its RSS, but held once in the page cache for every Node process.
   */
  fileMb: number;
}

/** Reads a process's memory from /proc/<pid>/status (Linux); the values there are in kB. */
export function processMemory(pid: number): ProcessMemory {
  return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

export function parseProcStatus(status: string): ProcessMemory {
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc status`);
    return Number(match[1]);
  };
  return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024), anonMb: round(kb('RssAnon') / 1024), fileMb: round(kb('RssFile') / 1024) };
}

const round = (value: number) => Math.round(value * 10) / 10;
