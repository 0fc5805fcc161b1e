const dateTime = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** Order ids are UUIDs; shoppers see the first block, like a receipt number. */
export function shortOrderId(id: string): string {
  return id.split('-')[0].toUpperCase();
}
