CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` integer NOT NULL,
	`request_id` text NOT NULL,
	`source` text NOT NULL,
	`moment_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`user_id` text,
	`anonymous_id` text,
	`email` text,
	`phone` text,
	`locale` text,
	`send_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`sent_at` integer,
	`answered_at` integer,
	`expires_at` integer NOT NULL,
	`response_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_site_request` ON `invitations` (`site_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `invitations_due` ON `invitations` (`send_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `invitations_site_time` ON `invitations` (`site_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invitations_site_user` ON `invitations` (`site_id`,`moment_id`,`user_id`);