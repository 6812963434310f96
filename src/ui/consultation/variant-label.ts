/** A variant's label from its scenario id ('car-free-main-street' → 'Car free main street') until scenario names are loaded. */
export function variantLabel(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words === '' ? id : words.charAt(0).toUpperCase() + words.slice(1);
}
