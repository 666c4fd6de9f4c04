"use client";
import { useEffect } from "react";
import { installFocusKeeper } from "./focus-keeper";

/** Mounted once in the root layout: focus never falls back to the page (WCAG 2.4.3). */
export function FocusKeeperRoot() {
  useEffect(installFocusKeeper, []);
  return null;
}
