import { MAX_LINE_QUANTITY } from '../lib/limits';

interface QuantityStepperProps {
  value: number;
  onChange(quantity: number): void;
  /** The most the shopper may choose (stock, capped at the cart's per-line limit). */
  max?: number;
  min?: number;
  disabled?: boolean;
  /** What the quantity is of, for screen readers: "Quantity of Enamel Kettle". */
  label: string;
}

export function QuantityStepper({ value, onChange, max = MAX_LINE_QUANTITY, min = 1, disabled, label }: QuantityStepperProps) {
  const limit = Math.max(min, Math.min(max, MAX_LINE_QUANTITY));
  return (
    <div className="stepper" role="group" aria-label={label}>
      <button type="button" className="stepper__button" onClick={() => onChange(value - 1)} disabled={disabled || value <= min} aria-label="Decrease quantity">
        −
      </button>
      <output className="stepper__value" aria-live="polite" aria-label={label}>
        {value}
      </output>
      <button
        type="button"
        className="stepper__button"
        onClick={() => onChange(value + 1)}
        disabled={disabled || value >= limit}
        aria-label="Increase quantity"
      >
        +
      </button>
    </div>
  );
}
