import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { updateDeveloper } from "@/db/queries/developers";
import type { Developer } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

type Fail = { ok: false; error: string; field: string };

/** R-PROFILE-EDIT: name, telephone, country. Sessions stay. */
export async function updateOwnProfile(
  db: Db,
  dev: Developer,
  input: { name: string; telephone: string | null; country: string | null },
) {
  await updateDeveloper(db, dev.orgId, dev.id, input);
  await insertAudit(db, dev.orgId, {
    actorType: "developer",
    actorId: dev.id,
    action: "developer.profile_updated",
    targetType: "developer",
    targetId: dev.id,
  });
}

async function checkCurrent(dev: Developer, password: string): Promise<Fail | null> {
  if (!dev.passwordHash || !(await verifyPassword(password, dev.passwordHash)))
    return { ok: false, error: "Your current password is not correct.", field: "currentPassword" };
  return null;
}

/** Email change: needs the current password; every other session ends. */
export async function changeOwnEmail(
  db: Db,
  dev: Developer,
  email: string,
  currentPassword: string,
): Promise<{ ok: true } | Fail> {
  const bad = await checkCurrent(dev, currentPassword);
  if (bad) return bad;
  if (email === dev.email)
    return { ok: false, error: "This is already your email.", field: "email" };
  const row = await updateDeveloper(db, dev.orgId, dev.id, {
    email,
    emailVerifiedAt: null,
    bumpSession: true,
  });
  if (row === "email_taken")
    return { ok: false, error: "This email cannot be used. Choose another.", field: "email" };
  await insertAudit(db, dev.orgId, {
    actorType: "developer",
    actorId: dev.id,
    action: "developer.email_changed",
    targetType: "developer",
    targetId: dev.id,
    data: { from: dev.email, to: email },
  });
  return { ok: true };
}

/** Password change: needs the current password; every other session ends. */
export async function changeOwnPassword(
  db: Db,
  dev: Developer,
  currentPassword: string,
  password: string,
): Promise<{ ok: true } | Fail> {
  const bad = await checkCurrent(dev, currentPassword);
  if (bad) return bad;
  await updateDeveloper(db, dev.orgId, dev.id, {
    passwordHash: await hashPassword(password),
    bumpSession: true,
  });
  await insertAudit(db, dev.orgId, {
    actorType: "developer",
    actorId: dev.id,
    action: "developer.password_changed",
    targetType: "developer",
    targetId: dev.id,
  });
  return { ok: true };
}
