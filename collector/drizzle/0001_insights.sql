CREATE TABLE `display_rollups` (
	`site_id` integer NOT NULL,
	`grain` integer NOT NULL,
	`bucket` integer NOT NULL,
	`moment_id` text NOT NULL,
	`channel` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`site_id`, `grain`, `bucket`, `moment_id`, `channel`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `response_rollups` (
	`site_id` integer NOT NULL,
	`metric` text NOT NULL,
	`dim` text NOT NULL,
	`grain` integer NOT NULL,
	`bucket` integer NOT NULL,
	`value` text NOT NULL,
	`stage` text NOT NULL,
	`score` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`site_id`, `metric`, `dim`, `grain`, `bucket`, `value`, `stage`, `score`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` integer NOT NULL,
	`endpoint_id` text NOT NULL,
	`event` text NOT NULL,
	`response_id` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`delivered_at` integer,
	`failed_at` integer,
	`last_status` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`next_attempt_at`) WHERE delivered_at is null and failed_at is null;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint` ON `webhook_deliveries` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` integer NOT NULL,
	`url` text NOT NULL,
	`format` text DEFAULT 'standard' NOT NULL,
	`on_created` integer NOT NULL,
	`on_detractor` integer NOT NULL,
	`detractor_nps` integer DEFAULT 6 NOT NULL,
	`detractor_csat` integer DEFAULT 2 NOT NULL,
	`detractor_ces` integer DEFAULT 3 NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_site` ON `webhook_endpoints` (`site_id`);