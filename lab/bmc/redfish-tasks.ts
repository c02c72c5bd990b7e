import { redfishError } from "./redfish-http";
import { v1 } from "./redfish-resources";

/**
 * Long-running operations as Redfish tasks (DSP0266 §12.2): the request answers 202 Accepted
 * with a task monitor URI in Location; GET on the monitor answers 202 (with the Task) while it
 * runs, then the operation's own result (204, or an error). The Task resource stays readable.
 */
type Task = { id: string; state: "Running" | "Completed" | "Exception"; error: string | null; started: string };

export class RedfishTasks {
  private readonly tasks = new Map<string, Task>();
  private next = 1;

  /** Tracks `work`; the task completes when it settles, but never before `minMs` has passed. */
  start(work: Promise<void>, minMs: number): Task {
    const task: Task = { id: String(this.next++), state: "Running", error: null, started: new Date().toISOString() };
    this.tasks.set(task.id, task);
    const delay = new Promise((resolve) => setTimeout(resolve, minMs));
    Promise.all([work, delay]).then(
      () => { task.state = "Completed"; },
      (err: unknown) => {
        task.state = "Exception";
        task.error = err instanceof Error ? err.message : String(err);
      },
    );
    // Keep the map small: a BMC forgets finished tasks after a while.
    if (this.tasks.size > 50) this.tasks.delete(this.tasks.keys().next().value as string);
    return task;
  }

  monitorPath(task: Task): string {
    return `${v1}/TaskService/TaskMonitors/${task.id}`;
  }

  taskDoc(task: Task) {
    return {
      "@odata.type": "#Task.v1_7_0.Task", "@odata.id": `${v1}/TaskService/Tasks/${task.id}`, Id: task.id, Name: "Reset Task",
      TaskState: task.state, TaskStatus: task.state === "Exception" ? "Critical" : "OK", StartTime: task.started,
      TaskMonitor: this.monitorPath(task),
      Messages: task.error ? [{ MessageId: "Base.1.16.0.InternalError", Message: task.error }] : [],
    };
  }

  /** The answer for a task monitor or Task URI, undefined for other paths. */
  answer(path: string): { status: number; body?: object; headers?: Record<string, string> } | undefined {
    const monitor = /^\/redfish\/v1\/TaskService\/TaskMonitors\/(\d+)$/.exec(path);
    const resource = /^\/redfish\/v1\/TaskService\/Tasks\/(\d+)$/.exec(path);
    const task = this.tasks.get((monitor ?? resource)?.[1] ?? "");
    if (!task) return undefined;
    if (resource) return { status: 200, body: this.taskDoc(task) };
    if (task.state === "Running") return { status: 202, body: this.taskDoc(task), headers: { location: this.monitorPath(task) } };
    return task.state === "Completed" ? { status: 204 } : { status: 500, body: redfishError("InternalError", `The reset failed: ${task.error}`) };
  }
}
