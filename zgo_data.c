// zgo_data.c: zero copy from Go memory (NewMsgData); see zgo.h.

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "zgo.h"

typedef struct zgo_data_node {
	struct zgo_data_node *next;
	uint64_t id;
	int efd;
} zgo_data_node;

static pthread_mutex_t data_mu = PTHREAD_MUTEX_INITIALIZER;
static zgo_data_node *data_done; // released, not yet drained

// data_free runs on whichever thread drops the last reference: a libzmq
// I/O thread or a Go thread inside a cgo call. It must not call into Go.
static void data_free(void *data, void *hint)
{
	(void)data;
	zgo_data_node *n = hint;
	int efd = n->efd; // n may be drained and freed once the lock is let go
	pthread_mutex_lock(&data_mu);
	n->next = data_done;
	data_done = n;
	pthread_mutex_unlock(&data_mu);
	uint64_t one = 1;
	while (write(efd, &one, sizeof one) < 0 && errno == EINTR)
		;
}

zgo_msg *zgo_msg_new_data(char *data, size_t size, uint64_t id, int efd, int *err)
{
	zgo_msg *m = malloc(sizeof *m);
	zgo_data_node *n = malloc(sizeof *n);
	if (m == NULL || n == NULL) {
		free(m);
		free(n);
		*err = -ENOMEM;
		return NULL;
	}
	n->next = NULL;
	n->id = id;
	n->efd = efd;
	// With a free function libzmq always makes a shared (lmsg) message
	// and calls the function exactly once, also for an empty one.
	if (zmq_msg_init_data(&m->msg, data, size, data_free, n) != 0) {
		*err = -zmq_errno();
		free(m);
		free(n);
		return NULL;
	}
	m->data = zmq_msg_data(&m->msg);
	m->size = zmq_msg_size(&m->msg);
	m->more = 0;
	return m;
}

size_t zgo_data_drain(uint64_t *ids)
{
	size_t k = 0;
	pthread_mutex_lock(&data_mu);
	while (data_done != NULL && k < ZGO_DRAIN) {
		zgo_data_node *n = data_done;
		data_done = n->next;
		ids[k++] = n->id;
		free(n);
	}
	pthread_mutex_unlock(&data_mu);
	return k;
}
