"use client";

import { ChevronsUpDown, KeyRound, LogOut, UserCog } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { Avatar } from "@/components/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type ShellUser = { name: string; email: string };

export function UserMenu({ user }: { user: ShellUser }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="user-menu"
        aria-label={`Account: ${user.name}`}
        className="flex w-full items-center gap-2.5 rounded-lg px-2 py-1.5 text-left text-sm transition-colors outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
      >
        <Avatar name={user.name} email={user.email} />
        <span className="grid min-w-0 flex-1 leading-tight">
          <span className="truncate font-medium" title={user.name}>
            {user.name}
          </span>
          <span className="truncate text-xs text-muted-foreground">{user.email}</span>
        </span>
        <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
        <DropdownMenuLabel className="grid gap-0.5 font-normal">
          <span className="font-medium text-foreground [overflow-wrap:anywhere]">{user.name}</span>
          <span className="truncate">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild data-testid="account-link">
          <Link href="/account">
            <UserCog />
            Account and sessions
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild data-testid="api-keys-link">
          <Link href="/account/api-keys">
            <KeyRound />
            Your API keys
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem data-testid="sign-out" onSelect={() => void signOut({ callbackUrl: "/sign-in" })}>
          <LogOut />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
