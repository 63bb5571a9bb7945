/** First and last day (ISO dates, inclusive) of a quota period "YYYY-MM" or "YYYY-Qn". */
export const periodRange = (period: string): { start: string; end: string } => {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  let year: number;
  let firstMonth: number;
  let months: number;
  if (month) {
    year = Number(month[1]);
    firstMonth = Number(month[2]);
    months = 1;
  } else if (quarter) {
    year = Number(quarter[1]);
    firstMonth = (Number(quarter[2]) - 1) * 3 + 1;
    months = 3;
  } else {
    throw new Error(`Not a quota period: ${period}`);
  }
  const start = new Date(Date.UTC(year, firstMonth - 1, 1));
  const end = new Date(Date.UTC(year, firstMonth - 1 + months, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
};
