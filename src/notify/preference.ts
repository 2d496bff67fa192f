/**
 * Each person's choice to be emailed about the exports they start (on unless they untick it). It
 * lives in their own user properties, which only their own executions can read: the choice is
 * read when they start an export, and the job keeps the address to write to, or none.
 */
const OPT_OUT_KEY = 'exportEmailsOff';

function userProps() {
  return PropertiesService.getUserProperties();
}

export function emailsWanted(): boolean {
  return userProps().getProperty(OPT_OUT_KEY) !== 'true';
}

export function setEmailsWanted(wanted: boolean): boolean {
  if (wanted) userProps().deleteProperty(OPT_OUT_KEY);
  else userProps().setProperty(OPT_OUT_KEY, 'true');
  return wanted;
}

/**
 * Where the emails about a job started now go: the person's own address, when Google tells it
 * (it may not, for a consumer account other than the spreadsheet's owner) and when they want
 * them. A job rebuilt by a trigger for the person who started it first (`startedBy`) is written
 * about only when the trigger runs as that same person; their choice is then theirs.
 */
export function recipientAtStart(startedBy: string): string | undefined {
  const email = Session.getActiveUser().getEmail();
  if (!email || email !== startedBy) return undefined;
  return emailsWanted() ? email : undefined;
}
