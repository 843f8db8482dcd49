CREATE TABLE `displays` (
	`site_id` integer NOT NULL,
	`id` text NOT NULL,
	`moment_id` text NOT NULL,
	`anonymous_id` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `displays_site_moment` ON `displays` (`site_id`,`moment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `responses` (
	`site_id` integer NOT NULL,
	`id` text NOT NULL,
	`moment_id` text NOT NULL,
	`metric` text NOT NULL,
	`stage` text NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`anonymous_id` text NOT NULL,
	`user_id` text,
	`locale` text,
	`channel` text NOT NULL,
	`attributes` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `responses_site_metric_time` ON `responses` (`site_id`,`metric`,`created_at`);--> statement-breakpoint
CREATE INDEX `responses_site_time` ON `responses` (`site_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `responses_site_user` ON `responses` (`site_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `secret_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`hash` text NOT NULL,
	`prefix` text NOT NULL,
	`scope` text DEFAULT 'admin' NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `secret_keys_hash` ON `secret_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `site_configs` (
	`site_id` integer NOT NULL,
	`version` integer NOT NULL,
	`document` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `version`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_key` text NOT NULL,
	`name` text NOT NULL,
	`origins` text NOT NULL,
	`config` text,
	`config_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_site_key_unique` ON `sites` (`site_key`);