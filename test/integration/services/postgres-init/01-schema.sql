-- Run by the image's entrypoint on first start (/docker-entrypoint-initdb.d).
CREATE TABLE seeded (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO seeded VALUES (1, 'from the init script');
