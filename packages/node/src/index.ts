/** @packageDocumentation */ export const y = 1
