// A tiny listener set: a throwing listener must not break a driver's loop or starve other listeners.
import type { Unsubscribe } from './device.js';

export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch {
        // A listener's bug is the listener's; the device loop goes on.
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
