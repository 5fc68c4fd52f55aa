// In-memory todo store. Returns copies so callers cannot change stored todos by accident.

export function createStore({ now = () => new Date() } = {}) {
  const todos = new Map();
  let nextId = 1;
  const copy = (todo) => ({ ...todo });

  return {
    list({ done } = {}) {
      const all = [...todos.values()];
      return (done === undefined ? all : all.filter((t) => t.done === done)).map(copy);
    },
    get(id) {
      const todo = todos.get(id);
      return todo ? copy(todo) : null;
    },
    create({ title, done = false }) {
      const at = now().toISOString();
      const todo = { id: String(nextId++), title, done, createdAt: at, updatedAt: at };
      todos.set(todo.id, todo);
      return copy(todo);
    },
    /** Applies the fields that are present in `changes`; returns null for an unknown id. */
    update(id, changes) {
      const todo = todos.get(id);
      if (!todo) return null;
      if (changes.title !== undefined) todo.title = changes.title;
      if (changes.done !== undefined) todo.done = changes.done;
      todo.updatedAt = now().toISOString();
      return copy(todo);
    },
    remove(id) {
      return todos.delete(id);
    },
  };
}
