/** What the results were measured on, for the JSON files. */
import * as os from 'node:os';

export function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGB: Number((os.totalmem() / 1e9).toFixed(1)),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg(),
    date: new Date().toISOString(),
  };
}
