CREATE TABLE `customer_channels` (
	`site_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`preferred_channel` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `user_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
