/**
 * Undo/redo over scenario edits for the editing UI: each `apply` runs `applyEdit` and keeps the
 * forward edit and its exact inverse; undo applies the inverse, redo the forward edit again. The
 * city is never mutated, so every state is a plain value the views can diff against the base.
 */
import type { CityModel } from '../twin/city-model';
import { applyEdit, type Edit, type RowEdit } from './edits';

interface Step {
  forward: RowEdit;
  inverse: RowEdit;
}

export class EditHistory {
  private readonly done: Step[] = [];
  private readonly undone: Step[] = [];
  private current: CityModel;

  constructor(readonly base: CityModel) {
    this.current = base;
  }

  get city(): CityModel {
    return this.current;
  }
  get canUndo(): boolean {
    return this.done.length > 0;
  }
  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Applies an edit (throws EditError and leaves the state as it was when it cannot apply); clears redo. */
  apply(edit: Edit): CityModel {
    const r = applyEdit(this.current, edit);
    const back = applyEdit(r.city, r.inverse); // the forward edit as a row edit, for an exact redo
    this.done.push({ forward: back.inverse, inverse: r.inverse });
    this.undone.length = 0;
    this.current = r.city;
    return this.current;
  }

  undo(): CityModel {
    const step = this.done.pop();
    if (step === undefined) return this.current;
    this.current = applyEdit(this.current, step.inverse).city;
    this.undone.push(step);
    return this.current;
  }

  redo(): CityModel {
    const step = this.undone.pop();
    if (step === undefined) return this.current;
    this.current = applyEdit(this.current, step.forward).city;
    this.done.push(step);
    return this.current;
  }
}
