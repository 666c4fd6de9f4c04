"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { afterDelete } from "@/lib/actions/after-delete";
import { adminAction } from "@/lib/actions/safe-action";
import { adminActor, outcomeToState } from "@/lib/outcome";
import {
  createCatalogEntry,
  editCatalogEntry,
  removeCatalogEntry,
} from "@/lib/catalog/catalog-admin";
import { recordIdSchema } from "@/lib/validation/apis";
import { createCatalogEntrySchema, updateCatalogEntrySchema } from "@/lib/validation/catalog";

// Catalog names show in the admin console (keys panel, key requests) and the portal.
function refresh() {
  revalidatePath("/admin", "layout");
  revalidatePath("/[org]", "layout");
}

export const createCatalogEntryAction = adminAction(
  createCatalogEntrySchema,
  async (input, ctx) => {
    const outcome = await createCatalogEntry(getDb(), ctx.orgId, adminActor(ctx.admin.id), input);
    if (outcome.ok) refresh();
    return outcomeToState(outcome, "/admin/catalog");
  },
);

export const updateCatalogEntryAction = adminAction(
  updateCatalogEntrySchema,
  async ({ id, ...input }, ctx) => {
    const outcome = await editCatalogEntry(getDb(), ctx.orgId, adminActor(ctx.admin.id), id, input);
    if (outcome.ok) refresh();
    return outcomeToState(outcome, "/admin/catalog");
  },
);

export const deleteCatalogEntryAction = adminAction(recordIdSchema("cat"), async ({ id }, ctx) => {
  const outcome = await removeCatalogEntry(getDb(), ctx.orgId, adminActor(ctx.admin.id), id);
  return afterDelete(outcome, "/admin/catalog", refresh);
});
